using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Touchpoints.Infra.Tests;

/// <summary>Runs the Bicep CLI that the project downloads from NuGet (its path is stamped into the assembly at build time).</summary>
internal static class BicepCli
{
    public static string ExecutablePath { get; } = typeof(BicepCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(static a => a.Key == "BicepCliPath")
        .Value ?? throw new InvalidOperationException("The BicepCliPath assembly metadata is empty.");

    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {ExecutablePath}; restore the test project to download it.", ExecutablePath);
        }

        EnsureExecutable();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI is a self-contained .NET app; keep it from phoning home or prompting.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["BICEP_TRACING_ENABLED"] = "false";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    // NuGet extracts package files without the execute bit on some machines.
    private static void EnsureExecutable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(ExecutablePath);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(ExecutablePath, mode | execute);
        }
    }
}

/// <summary>One finished run of the Bicep CLI.</summary>
internal sealed partial record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The lines that report a diagnostic. Bicep reports type errors (BCP0xx) as warnings and still exits 0, so any of these is a failure.</summary>
    public IReadOnlyList<string> DiagnosticLines =>
        (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(static line => DiagnosticPattern().IsMatch(line))
            .ToList();

    [GeneratedRegex(@"\b(Warning|Error)\b")]
    private static partial Regex DiagnosticPattern();

    public override string ToString() => $"bicep {Command} exited {ExitCode}\n{StandardOutput}\n{StandardError}";
}
