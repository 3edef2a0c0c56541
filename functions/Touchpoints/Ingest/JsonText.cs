using System.Text.Json;

namespace Touchpoints.Ingest;

/// <summary>Checks what the JSON parser lets through but text cannot hold.</summary>
internal static class JsonText
{
    /// <summary>
    /// The path of the first property name or string value that cannot be read as text (invalid UTF-8 bytes, or an
    /// escape that leaves a UTF-16 surrogate unpaired), or null when every one can.
    /// </summary>
    public static string? FindUnreadableString(JsonElement element) => Find(element, "$");

    private static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return CanRead(element) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path + ".<property name>";
                    }

                    if (Find(property.Value, path == "$" ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{(path == "$" ? string.Empty : path)}[{index}]") is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool CanRead(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
