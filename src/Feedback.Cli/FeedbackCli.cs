using System.CommandLine.Help;
using Feedback.Cli.Commands;
using Feedback.Core.Errors;
using Microsoft.Extensions.Options;

namespace Feedback.Cli;

/// <summary>The <c>feedback</c> command line: every command, and how their outcomes become exit codes and messages.</summary>
public static class FeedbackCli
{
    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parsed = CreateRoot(environment).Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            // System.CommandLine answers 1 for a parse error; scripts need usage errors told apart from failures.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var root = new RootCommand(
            "Feedback command line: the product's services in-process, on the database the server is configured with " +
            "(appsettings.json, environment variables such as Database__Provider and Database__ConnectionString).");
        root.Subcommands.Add(AdminCommandSet.Migrate(environment));
        root.Subcommands.Add(ModelCommands.Create(environment));
        root.Subcommands.Add(ImportCommand.Create(environment));
        root.Subcommands.Add(LabelJoinCommand.Create(environment));
        root.Subcommands.Add(RunCommands.Run(environment));
        root.Subcommands.Add(RunCommands.Runs(environment));
        root.Subcommands.Add(VersionCommands.Versions(environment));
        root.Subcommands.Add(VersionCommands.Promote(environment));
        root.Subcommands.Add(ExportCommand.Create(environment));
        root.Subcommands.Add(AdminCommandSet.ApiKey(environment));
        root.Subcommands.Add(AdminCommandSet.User(environment));
        root.Subcommands.Add(PrivacyCommands.Subject(environment));
        root.Subcommands.Add(PrivacyCommands.Quarantine(environment));
        root.Subcommands.Add(NotificationCommands.Create(environment));
        return root;
    }

    /// <summary>Gives <paramref name="command"/> a body; turns its exceptions into messages naming the field and exit codes.</summary>
    internal static void SetBody(this Command command, CliEnvironment environment, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var context = new CommandContext(environment, parseResult);
            var error = context.Error;
            try
            {
                return await body(context, cancellationToken);
            }
            catch (UsageException usage)
            {
                await error.WriteLineAsync($"error: {usage.Field}: {usage.Message}");
                return ExitCodes.Usage;
            }
            catch (InvalidInputException invalid)
            {
                foreach (var (field, messages) in invalid.Errors)
                {
                    await error.WriteLineAsync($"error: {field}: {string.Join("; ", messages)}");
                }

                return ExitCodes.Usage;
            }
            catch (PayloadTooLargeException tooLarge)
            {
                await error.WriteLineAsync($"error: {tooLarge.Field}: {tooLarge.Message}");
                return ExitCodes.Usage;
            }
            catch (OptionsValidationException configuration)
            {
                foreach (var failure in configuration.Failures)
                {
                    await error.WriteLineAsync($"error: configuration: {failure}");
                }

                return ExitCodes.Usage;
            }
            catch (ConflictException conflict)
            {
                await error.WriteLineAsync($"error: {conflict.Field}: {conflict.Message}");
                return ExitCodes.Failure;
            }
            catch (DomainException domain)
            {
                await error.WriteLineAsync($"error: {domain.Message}");
                return ExitCodes.Failure;
            }
        });

    private static List<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "feedback" : result.Command.Name);
        }

        return names;
    }
}
