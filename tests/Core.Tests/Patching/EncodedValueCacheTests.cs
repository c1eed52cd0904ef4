using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Tests.Patching;

public sealed class EncodedValueCacheTests
{
    [Fact]
    public void A_key_is_built_once_and_then_served_as_the_same_instance()
    {
        var built = 0;
        var cache = new EncodedValueCache<string, string>(key => { built++; return "value of " + key; });

        var first = cache.Get("arn:aws:iam::111122223333:role/a");
        var again = cache.Get(new string("arn:aws:iam::111122223333:role/a".AsSpan()));
        var other = cache.Get("arn:aws:iam::111122223333:role/b");

        Assert.Same(first, again);
        Assert.Equal("value of arn:aws:iam::111122223333:role/b", other);
        Assert.Equal(2, built);
    }

    [Fact]
    public void More_distinct_keys_than_the_capacity_start_over_instead_of_growing()
    {
        var cache = new EncodedValueCache<int, string>(key => key.ToString(System.Globalization.CultureInfo.InvariantCulture));

        for (var i = 0; i < EncodedValueCache<int, string>.Capacity * 3 + 7; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), cache.Get(i));
            Assert.InRange(cache.Count, 1, EncodedValueCache<int, string>.Capacity);
        }
    }
}
