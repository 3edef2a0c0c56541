using System.Text;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests;

/// <summary>
/// Compares an output with a file checked in under <c>tests/Touchpoints.Tests/Golden/</c>. A change of format must be a
/// deliberate change of that file: run the tests once with <c>UPDATE_GOLDEN_FILES=1</c> to rewrite it, and commit the diff.
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, byte[] actual)
    {
        var path = RepositoryPaths.Combine("tests", "Touchpoints.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN_FILES") == "1")
        {
            File.WriteAllBytes(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with UPDATE_GOLDEN_FILES=1 to write it.");
        var expected = File.ReadAllBytes(path);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            // Text diffs read better than byte arrays; binary goldens are stored as hex text anyway.
            Assert.Fail($"{name} differs from its golden file (a format change must update it: UPDATE_GOLDEN_FILES=1).\n" +
                $"expected:\n{Encoding.UTF8.GetString(expected)}\nactual:\n{Encoding.UTF8.GetString(actual)}");
        }
    }
}
