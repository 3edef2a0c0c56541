using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Touchpoints.Snapshots;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Snapshots.SnapshotTestData;

namespace Touchpoints.Tests.Snapshots;

public sealed class SnapshotSvgRenderTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Write_WhenOpenedInHeadlessChromium_RendersAVisibleChart()
    {
        // Arrange: the hand-built day's chart, served over http from loopback (Chromium blocks file: and data: pages
        // from reaching loopback, and a real viewer fetches it over http too).
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed (scripts/setup.sh installs it).");
        }

        var aggregator = new FunnelDayAggregator(SnapshotDay.Of(HandBuiltDataset.Date, TimeZoneInfo.Utc), DefaultFunnel, 14);
        foreach (var record in HandBuiltDataset.Records())
        {
            aggregator.Add(record);
        }

        var svg = SnapshotSvgWriter.Write(aggregator.ToSnapshot(DefaultFunnel, "UTC", 14));
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var serving = new CancellationTokenSource();
        var server = ServeAsync(listener, svg, serving.Token);
        var png = Path.Combine(Path.GetTempPath(), $"funnel-{Guid.NewGuid():N}.png");

        try
        {
            // Act
            var (exitCode, output, error) = await RunNodeAsync(RepositoryPaths.Combine("tests", "node", "screenshot.mjs"), $"http://127.0.0.1:{port}/funnel.svg", png, "1000", "600");

            // Assert: a PNG, and a fair share of it drawn (bars, labels), not a blank or broken page.
            Assert.True(exitCode == 0, $"screenshot.mjs failed ({exitCode}): {error}");
            using var result = JsonDocument.Parse(output);
            var nonWhite = result.RootElement.GetProperty("nonWhite").GetInt32();
            var pixels = result.RootElement.GetProperty("width").GetInt32() * result.RootElement.GetProperty("height").GetInt32();
            Assert.InRange(nonWhite, pixels / 50, pixels / 2);
            var header = new byte[8];
            await using (var file = File.OpenRead(png))
            {
                await file.ReadExactlyAsync(header, TestContext.Current.CancellationToken);
            }

            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
        finally
        {
            await serving.CancelAsync();
            listener.Stop();
            await server;
            File.Delete(png);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task ServeAsync(HttpListener listener, byte[] svg, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return; // Stopped.
            }

            context.Response.ContentType = context.Request.Url?.AbsolutePath == "/funnel.svg" ? SnapshotSvgWriter.ContentType : "text/plain";
            context.Response.StatusCode = context.Request.Url?.AbsolutePath == "/funnel.svg" ? 200 : 404;
            if (context.Response.StatusCode == 200)
            {
                await context.Response.OutputStream.WriteAsync(svg, cancellationToken);
            }

            context.Response.Close();
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await output).Trim(), await error);
    }
}
