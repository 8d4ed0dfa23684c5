using System.Security.Cryptography;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Artifacts;

/// <summary>Stores step outputs content-addressed (one blob per distinct content) with a per-run artifact record,
/// which is the lineage edge from the run and step to the content.</summary>
public sealed class ArtifactStore(FeedbackDbContext context, TimeProvider time)
{
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<RunArtifact> PutAsync(PipelineRun run, string step, string kind, string mediaType, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(content);
        var hash = Hash(content);
        await EnsureBlobAsync(hash, content, cancellationToken);
        return await AddRecordAsync(run, step, kind, mediaType, hash, content.LongLength, cancellationToken);
    }

    /// <summary>Records an existing blob as an output of this run (a cache hit reuses content without copying it).</summary>
    public Task<RunArtifact> ReuseAsync(PipelineRun run, string step, RunArtifact earlier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return AddRecordAsync(run!, step, earlier.Kind, earlier.MediaType, earlier.Hash, earlier.Size, cancellationToken);
    }

    public async Task<byte[]> ContentAsync(RunArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return await context.ArtifactBlobs.AsNoTracking().Where(b => b.Hash == artifact.Hash).Select(b => b.Content).SingleAsync(cancellationToken);
    }

    /// <summary>The run's latest artifact of a kind, or null.</summary>
    public Task<RunArtifact?> FindAsync(long runId, string kind, CancellationToken cancellationToken) =>
        context.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId && a.Kind == kind).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<RunArtifact>> OutputsAsync(long runId, string step, CancellationToken cancellationToken) =>
        await context.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId && a.Step == step).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Drops the artifacts a step wrote in an attempt that did not finish, so a retry starts clean.</summary>
    public Task DiscardAsync(long runId, string step, CancellationToken cancellationToken) =>
        context.RunArtifacts.Where(a => a.RunId == runId && a.Step == step).ExecuteDeleteAsync(cancellationToken);

    private async Task EnsureBlobAsync(string hash, byte[] content, CancellationToken cancellationToken)
    {
        if (await context.ArtifactBlobs.AnyAsync(b => b.Hash == hash, cancellationToken))
        {
            return;
        }

        var blob = new ArtifactBlob { Hash = hash, Content = content, Size = content.LongLength, CreatedAt = time.GetUtcNow() };
        context.ArtifactBlobs.Add(blob);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            context.Entry(blob).State = EntityState.Detached;
            if (!await context.ArtifactBlobs.AsNoTracking().AnyAsync(b => b.Hash == hash, cancellationToken))
            {
                throw;
            }

            // Another run stored the same content at the same moment: content addressing makes that harmless.
            return;
        }

        context.Entry(blob).State = EntityState.Detached;
    }

    private async Task<RunArtifact> AddRecordAsync(PipelineRun run, string step, string kind, string mediaType, string hash, long size, CancellationToken cancellationToken)
    {
        var artifact = new RunArtifact
        {
            ModelId = run.ModelId,
            RunId = run.Id,
            Step = step,
            Kind = kind,
            Hash = hash,
            MediaType = mediaType,
            Size = size,
            CreatedAt = time.GetUtcNow(),
        };
        context.RunArtifacts.Add(artifact);
        await context.SaveChangesAsync(cancellationToken);
        context.Entry(artifact).State = EntityState.Detached;
        return artifact;
    }
}
