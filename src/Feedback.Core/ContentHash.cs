using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Feedback.Core;

/// <summary>A 128-bit SHA-256 prefix over a sequence of fields, used to tell an idempotent replay from a conflicting reuse of a key.</summary>
public ref struct ContentHash
{
    private const char Separator = '\u001f';
    private readonly StringBuilder _builder;

    public ContentHash()
    {
        _builder = new StringBuilder(256);
    }

    public readonly ContentHash Add(string? value)
    {
        _builder.Append(value is null ? "\u0000" : value).Append(Separator);
        return this;
    }

    public readonly ContentHash Add(double? value) => Add(value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    public readonly ContentHash Add(long? value) => Add(value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public readonly ContentHash Add(bool value) => Add(value ? "1" : "0");

    public readonly ContentHash Add(DateTimeOffset? value) => Add(value?.UtcTicks);

    public readonly byte[] Compute()
    {
        var length = Encoding.UTF8.GetMaxByteCount(_builder.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(_builder.ToString(), buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return hash[..16].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
