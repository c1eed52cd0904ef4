namespace PodIdentity.Core.Tests.Admission;

/// <summary>Systematically broken copies of a JSON body: every truncation, and one edit of each kind at every byte.</summary>
internal static class Corruptions
{
    /// <summary>Bytes that change JSON's structure or a token's validity (control characters, a UTF-8 lead byte with no tail too).</summary>
    public static readonly byte[] Alphabet =
        [.. "{}[],:\"\\/-+.019eEtfnuxA \t\n"u8, 0x00, 0x01, 0x1F, 0x7F, 0xC3, 0xFF];

    /// <summary>Every prefix, from empty to all but the last byte.</summary>
    public static IEnumerable<byte[]> Truncations(byte[] json)
    {
        for (var length = 0; length < json.Length; length++)
        {
            yield return json[..length];
        }
    }

    /// <summary>At every byte: one substituted, one inserted before it and one deleted, the new bytes drawn from <see cref="Alphabet"/>.</summary>
    public static IEnumerable<byte[]> Edits(byte[] json, Random random)
    {
        for (var at = 0; at < json.Length; at++)
        {
            var substituted = (byte[])json.Clone();
            substituted[at] = Pick(random, json[at]);
            yield return substituted;

            yield return [.. json.AsSpan(0, at), Pick(random, 0), .. json.AsSpan(at)];
            yield return [.. json.AsSpan(0, at), .. json.AsSpan(at + 1)];
        }
    }

    private static byte Pick(Random random, byte not)
    {
        while (true)
        {
            var pick = Alphabet[random.Next(Alphabet.Length)];
            if (pick != not)
            {
                return pick;
            }
        }
    }
}
