using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Feedback.Core.Serving;

/// <summary>Decides which served predictions are exploration (SPEC §3.5): each with probability
/// <c>ExplorationShare</c>, decided by the tracking ID alone.</summary>
/// <remarks>Hashing the tracking ID (rather than drawing a random number) makes the flag reproducible: anyone holding
/// the tracking ID and the share can recompute it, and a test can check the share over many IDs. SHA-256 spreads even
/// the time-ordered, partly predictable bits of a UUIDv7 uniformly.</remarks>
public static class ExplorationSampler
{
    /// <summary>True for a <paramref name="share"/> fraction of tracking IDs.</summary>
    public static bool IsExploration(string trackingId, double share)
    {
        ArgumentNullException.ThrowIfNull(trackingId);
        if (!(share > 0))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Predictions.TrackingIds.MaxLength)];
        var length = Encoding.UTF8.GetBytes(trackingId.AsSpan(0, Math.Min(trackingId.Length, Predictions.TrackingIds.MaxLength)), text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text[..length], hash);
        // The top 53 bits as a uniform double in [0, 1).
        var uniform = (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
        return uniform < share;
    }
}
