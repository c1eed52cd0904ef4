using System.Text.Json.Nodes;
using PodIdentity.Discovery.Oidc;
using PodIdentity.Discovery.Publishing;

namespace PodIdentity.Discovery.Tests.Publishing;

public sealed class KeyRetentionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CheckedDocuments Current(params string[] kids) =>
        new("https://i", "https://i/openid/v1/jwks", new JsonObject(), [.. kids.Select(k => new JsonObject { ["kid"] = k })]);

    private static PublishedKey Key(string kid, DateTimeOffset? retiredAt = null) => new(kid, new JsonObject { ["kid"] = kid }, retiredAt);

    [Fact]
    public void A_key_that_leaves_is_retired_now_and_kept()
    {
        var result = KeyRetention.Merge(Current("b"), new PublishedState([Key("a")]), Now, TimeSpan.FromHours(24));
        Assert.Equal(["b", "a"], result.State.Keys.Select(k => k.Kid));
        Assert.Equal(Now, result.State.Keys[1].RetiredAt);
        Assert.Equal(["a"], result.NewlyRetired);
    }

    [Fact]
    public void A_retired_key_is_dropped_once_the_window_has_passed()
    {
        var previous = new PublishedState([Key("b"), Key("a", Now.AddHours(-25)), Key("c", Now.AddHours(-23))]);
        var result = KeyRetention.Merge(Current("b"), previous, Now, TimeSpan.FromHours(24));
        Assert.Equal(["b", "c"], result.State.Keys.Select(k => k.Kid));
        Assert.Equal(["a"], result.Dropped);
    }

    [Fact]
    public void A_key_that_comes_back_is_live_again()
    {
        var result = KeyRetention.Merge(Current("a"), new PublishedState([Key("a", Now.AddHours(-1))]), Now, TimeSpan.FromHours(24));
        Assert.True(Assert.Single(result.State.Keys).Live);
    }

    [Fact]
    public void Restore_dates_undated_published_keys_as_retired_now()
    {
        var jwks = """{"keys":[{"kid":"live"},{"kid":"dated"},{"kid":"undated"}]}""";
        var state = """{"version":1,"retired":{"dated":"2025-06-01T10:00:00+00:00"}}""";
        var restored = RetentionStateDocument.Restore(jwks, state, Current("live"), Now);

        Assert.Equal(["dated", "undated"], restored.Keys.Select(k => k.Kid));
        Assert.Equal(Now.AddHours(-2), restored.Keys[0].RetiredAt);
        Assert.Equal(Now, restored.Keys[1].RetiredAt);
    }
}
