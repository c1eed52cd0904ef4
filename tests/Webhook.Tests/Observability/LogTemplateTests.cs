using System.Text.RegularExpressions;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// The webhook is trimmed and compiled ahead of time; Serilog's one trim hazard is destructuring an
/// object with <c>{@Name}</c> (it reads the object's properties by reflection, and trimmed-away
/// properties would silently vanish from the log). The project suppresses that package warning
/// (IL2104) on the strength of this test.
/// </summary>
public sealed partial class LogTemplateTests
{
    [Fact]
    public void No_log_template_in_the_webhook_destructures_an_object()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "Webhook"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => Destructuring().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepositoryPaths.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "log templates with {@...}:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_check_recognises_a_destructuring_hole()
    {
        Assert.Matches(Destructuring(), "logger.LogInformation(\"pod {@Pod}\", pod);");
        Assert.DoesNotMatch(Destructuring(), "logger.LogInformation(\"pod {Pod}\", name);");
    }

    [GeneratedRegex(@"\{@[A-Za-z_]")]
    private static partial Regex Destructuring();
}
