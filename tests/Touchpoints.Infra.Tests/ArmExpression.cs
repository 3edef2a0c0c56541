using System.Text;

namespace Touchpoints.Infra.Tests;

/// <summary>
/// Just enough of the ARM template expression language to read a compiled template: literals, and calls split into
/// their arguments. ARM expressions have no infix operators, so a call, its arguments and member accesses are all there is.
/// </summary>
internal static class ArmExpression
{
    public static bool IsExpression(string value) =>
        value.Length >= 2 && value[0] == '[' && value[^1] == ']' && !value.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>The text between the outer brackets of an expression.</summary>
    public static string Body(string expression) => expression[1..^1].Trim();

    public static string Quote(string literal) => "'" + literal.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The value of a single-quoted string literal, or null when the text is anything else.</summary>
    public static string? Unquote(string text)
    {
        text = text.Trim();
        if (text.Length < 2 || text[0] != '\'' || text[^1] != '\'')
        {
            return null;
        }

        var inner = text[1..^1];
        return inner.Replace("''", string.Empty, StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal)
            ? null
            : inner.Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>
    /// Splits <c>name(arg, arg, ...)</c> when the whole text is one call (no member access after it);
    /// returns false for anything else.
    /// </summary>
    public static bool TryParseCall(string text, out string function, out IReadOnlyList<string> arguments)
    {
        text = text.Trim();
        function = string.Empty;
        arguments = [];
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || text[^1] != ')' || !text[..open].All(static c => char.IsLetterOrDigit(c) || c is '_' or '.'))
        {
            return false;
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var inString = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                current.Append(c);
                if (c == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        current.Append('\'');
                        i++;
                    }
                    else
                    {
                        inString = false;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    current.Append(c);
                    break;
                case '(' or '[':
                    depth++;
                    current.Append(c);
                    break;
                case ')' or ']' when depth > 0:
                    depth--;
                    current.Append(c);
                    break;
                case ')':
                    // The call's own closing parenthesis must end the text, or this is a member access on a call.
                    if (i != text.Length - 1)
                    {
                        return false;
                    }

                    if (current.Length > 0 || parts.Count > 0)
                    {
                        parts.Add(current.ToString().Trim());
                    }

                    function = text[..open];
                    arguments = parts;
                    return true;
                case ',' when depth == 0:
                    parts.Add(current.ToString().Trim());
                    current.Clear();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        return false;
    }
}
