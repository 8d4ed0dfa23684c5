namespace Feedback.Bench.Ml; internal static class Program { private static int Main() => 0; }
