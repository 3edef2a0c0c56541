using Touchpoints.Testing;

namespace Touchpoints.Functions.Tests;

/// <summary>
/// The Functions app's build output, as <c>scripts/build-functions.sh</c> leaves it (the test command runs that first):
/// the worker assembly, <c>functions.metadata</c> from the Sdk's generator, <c>worker.config.json</c>, <c>host.json</c>.
/// </summary>
internal static class FunctionsAppBuild
{
    /// <summary>The output folder (Debug, net10.0).</summary>
    public static string Directory { get; } = RepositoryPaths.Combine("functions", "Touchpoints.Functions", "bin", "Debug", "net10.0");

    /// <summary>The worker assembly the host starts.</summary>
    public static string WorkerAssembly => Require("Touchpoints.Functions.dll");

    /// <summary>The generated function metadata.</summary>
    public static string FunctionsMetadata => Require("functions.metadata");

    private static string Require(string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build the Functions app first with 'bash scripts/build-functions.sh' (scripts/test.sh does).");
        }

        return path;
    }
}
