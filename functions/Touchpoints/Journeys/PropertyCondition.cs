using System.Globalization;
using System.Text.Json;

namespace Touchpoints.Journeys;

/// <summary>A comparison of one touchpoint property with a constant, such as <c>properties.nps &gt;= 9</c>.</summary>
public sealed class PropertyCondition
{
    /// <summary>Creates a condition.</summary>
    /// <param name="name">The property name (without the <c>properties.</c> prefix).</param>
    /// <param name="operator">One of <c>==</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>exists</c>.</param>
    /// <param name="value">The constant: a number, string or boolean; ignored for <c>exists</c>.</param>
    public PropertyCondition(string name, string @operator, JsonElement value)
    {
        Name = name;
        Operator = @operator;
        Value = value.ValueKind == JsonValueKind.Undefined ? default : value.Clone();
    }

    /// <summary>The operators a condition may use.</summary>
    public static IReadOnlyList<string> Operators { get; } = ["==", "!=", ">", ">=", "<", "<=", "exists"];

    /// <summary>The property name.</summary>
    public string Name { get; }

    /// <summary>The comparison operator.</summary>
    public string Operator { get; }

    /// <summary>The constant compared with.</summary>
    public JsonElement Value { get; }

    /// <summary>Whether a number (a normalized survey score) satisfies the condition.</summary>
    public bool IsSatisfiedBy(double number)
    {
        if (Operator == "exists")
        {
            return true;
        }

        if (Value.ValueKind != JsonValueKind.Number)
        {
            return Operator == "!=";
        }

        return Holds(number.CompareTo(Value.GetDouble()));
    }

    /// <summary>Whether a touchpoint's properties satisfy the condition. A missing or differently typed property never does.</summary>
    public bool IsSatisfiedBy(JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(Name, out var actual) || actual.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (Operator == "exists")
        {
            return true;
        }

        int? comparison = (Value.ValueKind, actual.ValueKind) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => actual.GetDouble().CompareTo(Value.GetDouble()),
            (JsonValueKind.Number, JsonValueKind.String) when double.TryParse(actual.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                => number.CompareTo(Value.GetDouble()),
            (JsonValueKind.String, JsonValueKind.String) => string.Compare(actual.GetString(), Value.GetString(), StringComparison.OrdinalIgnoreCase),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => actual.GetBoolean().CompareTo(Value.GetBoolean()),
            _ => null,
        };
        if (comparison is not int c)
        {
            return Operator == "!=";
        }

        return Holds(c);
    }

    private bool Holds(int c)
    {
        return Operator switch
        {
            "==" => c == 0,
            "!=" => c != 0,
            ">" => c > 0,
            ">=" => c >= 0,
            "<" => c < 0,
            "<=" => c <= 0,
            _ => false,
        };
    }
}
