using System.Diagnostics;
using System.Globalization;
using System.Text;
using Feedback.Ml.MlNet;
using Feedback.Ml.Training;
using Feedback.Ml.Training.MlNet;

namespace Feedback.Ml.Tests.MlNet;

/// <summary>The model file a version hands out is read by a plain ML.NET console app in another process
/// (tests/Feedback.MlNet.Probe, which references ML.NET only), and scores like our predictor to 1e-6.</summary>
public sealed class MlNetModelFileProcessTests
{
    [Theory]
    [MemberData(nameof(MlNetTrainerTests.AlgorithmTasks), MemberType = typeof(MlNetTrainerTests))]
    public async Task ModelFile_ScoredByAPlainMlNetApp_MatchesThePredictor(string algorithm, TaskKind task)
    {
        var train = MlNetTrainerTests.Generated(task, 500, seed: 31);
        var probe = MlNetTrainerTests.Generated(task, 50, seed: 32);
        var predictor = new MlNetTrainer(new MlNetTrainerSpec(algorithm, new Dictionary<string, double>())).Train(train).Predictor;
        var directory = Directory.CreateTempSubdirectory("mlnet-probe-");
        try
        {
            var model = Path.Combine(directory.FullName, "model.zip");
            var rows = Path.Combine(directory.FullName, "rows.txt");
            await File.WriteAllBytesAsync(model, predictor.ModelFile.ToArray());
            var text = new StringBuilder();
            for (var row = 0; row < probe.RowCount; row++)
            {
                var indices = probe.Features.RowIndices(row).ToArray();
                var values = probe.Features.RowValues(row).ToArray();
                text.AppendLine(string.Join(' ', indices.Select((index, k) => string.Create(CultureInfo.InvariantCulture, $"{index}:{values[k]:R}"))));
            }

            await File.WriteAllTextAsync(rows, text.ToString());

            var lines = await RunProbeAsync(model, rows);

            var expected = MlNetTrainerTests.Score(predictor, probe);
            var k = predictor.OutputCount;
            lines.Length.ShouldBe(probe.RowCount);
            for (var row = 0; row < probe.RowCount; row++)
            {
                var numbers = lines[row].Split(' ').Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray();
                var ours = expected.AsSpan(row * k, k).ToArray();
                // Binary: the app prints P(positive); we output [P(negative), P(positive)].
                (task == TaskKind.BinaryClassification ? [ours[1]] : ours).ShouldBe(numbers, 1e-6, $"row {row}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string[]> RunProbeAsync(string model, string rows)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Feedback.MlNet.Probe", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "Feedback.MlNet.Probe.dll");
        File.Exists(probe).ShouldBeTrue($"the probe app is built next to the tests: {probe}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(model);
        start.ArgumentList.Add(rows);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await error);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
