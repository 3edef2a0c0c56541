namespace Touchpoints.Storage.Rules;

/// <summary>
/// What the limits need of a query's <c>$filter</c>: how many comparisons it holds (Azure allows 15) and how Azure
/// answers it (<see cref="QueryKind"/>). Only the top-level <c>and</c> chain decides the kind: a key condition under
/// <c>or</c> or <c>not</c> cannot narrow the read, so it counts as a non-key filter.
/// </summary>
internal sealed class ODataFilter
{
    private ODataFilter(string text, int comparisons, QueryKind kind, string? partitionKey)
    {
        Text = text;
        Comparisons = comparisons;
        Kind = kind;
        PartitionKey = partitionKey;
    }

    public string Text { get; }

    public int Comparisons { get; }

    public QueryKind Kind { get; }

    /// <summary>The partition the filter fixes by equality, if any.</summary>
    public string? PartitionKey { get; }

    /// <summary>Reads a filter; an absent or empty one reads the whole table.</summary>
    public static ODataFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ODataFilter(string.Empty, 0, QueryKind.TableScan, null);
        }

        var tokens = Tokenize(text);
        var comparisons = tokens.Count(static t => t.Kind == TokenKind.Comparison);
        var conjuncts = new List<List<Token>>();
        if (!TrySplitConjuncts(tokens, conjuncts))
        {
            return new ODataFilter(text, comparisons, QueryKind.TableScan, null);
        }

        string? partition = null;
        var rowEquals = false;
        var rowBound = false;
        foreach (var conjunct in conjuncts)
        {
            if (!TryReadComparison(conjunct, out var property, out var op, out var literal))
            {
                continue;
            }

            if (property == "PartitionKey" && op == "eq" && literal is not null)
            {
                partition ??= literal;
            }
            else if (property == "RowKey" && literal is not null)
            {
                rowEquals |= op == "eq";
                rowBound |= op is "ge" or "gt" or "le" or "lt";
            }
        }

        var kind = partition is null ? QueryKind.TableScan
            : rowEquals ? QueryKind.PointRead
            : rowBound ? QueryKind.RangeQuery
            : QueryKind.PartitionScan;
        return new ODataFilter(text, comparisons, kind, partition);
    }

    // Splits the top-level 'and' chain, unwrapping parentheses around the whole expression; an 'or' at the top level
    // leaves no conjunct that narrows the read.
    private static bool TrySplitConjuncts(List<Token> tokens, List<List<Token>> conjuncts)
    {
        tokens = Unwrap(tokens);
        var depth = 0;
        var current = new List<Token>();
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Open)
            {
                depth++;
            }
            else if (token.Kind == TokenKind.Close)
            {
                depth--;
            }
            else if (depth == 0 && token.Kind == TokenKind.Word && token.Text == "or")
            {
                return false;
            }
            else if (depth == 0 && token.Kind == TokenKind.Word && token.Text == "and")
            {
                AddConjunct(current, conjuncts);
                current = [];
                continue;
            }

            current.Add(token);
        }

        AddConjunct(current, conjuncts);
        return true;
    }

    private static void AddConjunct(List<Token> tokens, List<List<Token>> conjuncts)
    {
        var unwrapped = Unwrap(tokens);
        var inner = new List<List<Token>>();
        if (unwrapped.Count != tokens.Count && TrySplitConjuncts(unwrapped, inner))
        {
            conjuncts.AddRange(inner);
            return;
        }

        conjuncts.Add(unwrapped);
    }

    private static List<Token> Unwrap(List<Token> tokens)
    {
        while (tokens.Count >= 2 && tokens[0].Kind == TokenKind.Open && tokens[^1].Kind == TokenKind.Close && ClosesAtEnd(tokens))
        {
            tokens = tokens[1..^1];
        }

        return tokens;
    }

    // True when the first '(' is closed by the last ')', not earlier: "(a) and (b)" is not wrapped.
    private static bool ClosesAtEnd(List<Token> tokens)
    {
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            depth += tokens[i].Kind == TokenKind.Open ? 1 : tokens[i].Kind == TokenKind.Close ? -1 : 0;
            if (depth == 0)
            {
                return i == tokens.Count - 1;
            }
        }

        return false;
    }

    private static bool TryReadComparison(List<Token> tokens, out string property, out string op, out string? literal)
    {
        property = op = string.Empty;
        literal = null;
        if (tokens.Count != 3 || tokens[1].Kind != TokenKind.Comparison)
        {
            return false;
        }

        op = tokens[1].Text;
        var (left, right) = (tokens[0], tokens[2]);
        if (left.Kind == TokenKind.String && right.Kind == TokenKind.Word)
        {
            (left, right) = (right, left);
            op = op switch { "gt" => "lt", "ge" => "le", "lt" => "gt", "le" => "ge", _ => op };
        }

        if (left.Kind != TokenKind.Word)
        {
            return false;
        }

        property = left.Text;
        literal = right.Kind == TokenKind.String ? right.Text : null;
        return true;
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(' || c == ')')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString()));
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadQuoted(text, ref i)));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '\'')
                {
                    i++;
                }

                var word = text[start..i];
                if (i < text.Length && text[i] == '\'')
                {
                    // A typed literal: datetime'…', guid'…', X'…', binary'…'.
                    ReadQuoted(text, ref i);
                    tokens.Add(new Token(TokenKind.Literal, word));
                }
                else
                {
                    tokens.Add(new Token(word is "eq" or "ne" or "gt" or "ge" or "lt" or "le" ? TokenKind.Comparison : TokenKind.Word, word));
                }
            }
        }

        return tokens;
    }

    // A quoted literal, with '' standing for one quote.
    private static string ReadQuoted(string text, ref int i)
    {
        var builder = new System.Text.StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                break;
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    private enum TokenKind
    {
        Word,
        Comparison,
        String,
        Literal,
        Open,
        Close,
    }

    private readonly record struct Token(TokenKind Kind, string Text);
}
