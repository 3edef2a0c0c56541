using System.CommandLine;
using System.Globalization;

namespace Touchpoints.Cli;

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public static Option<string> Funnel() => new("--funnel", "-f")
    {
        Description = "The funnel's id (from the funnel definition files).",
        DefaultValueFactory = static _ => "default",
    };

    public static Option<DateOnly> Date(string name, string description) => new(name)
    {
        Description = description + " (yyyy-MM-dd)",
        Required = true,
        CustomParser = static result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            result.AddError($"'{text}' is not a date as yyyy-MM-dd.");
            return default;
        },
    };
}
