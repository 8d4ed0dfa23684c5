using Feedback.Cli;

return await FeedbackCli.RunAsync(args, new CliEnvironment(), Console.Out, Console.Error, CancellationToken.None);
