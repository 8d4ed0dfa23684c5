namespace Feedback.Bench.Analysis; internal static class Program { private static int Main() => 0; }
