using Microsoft.Extensions.Options;

namespace Touchpoints.Ingest;

/// <summary>Fails start-up with every problem of <see cref="BotFilterOptions"/> listed, and an unreadable user-agent list.</summary>
internal sealed class BotFilterOptionsValidator : IValidateOptions<BotFilterOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFilterOptions options)
    {
        var problems = new List<string>(options.Validate());
        if (problems.Count == 0 && options.Enabled)
        {
            try
            {
                _ = BotUserAgentList.Load(options.ResolveUserAgentListPath());
            }
            catch (BotUserAgentListException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
