namespace Feedback.Bench.Ingestion; internal static class Program { private static void Main() { } }
