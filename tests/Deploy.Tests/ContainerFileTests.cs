using System.Text.RegularExpressions;
using Coordination.Testing;

namespace Deploy.Tests;

/// <summary>
/// The container files in deploy/images (issue 24): one per service, the gateway, the portal and the FHIR
/// edge, multi-stage from Microsoft's .NET images, the runtime stage chiseled (no shell, so no RUN), non-root,
/// started by exec so that SIGTERM reaches the process. No image is built here (no container engine):
/// what is checked is the files' shape, that each publishes a project that exists, and that the
/// manifests run exactly these images.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ContainerFileTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "images");

    private static readonly string[] Names = [.. Directory.GetFiles(Folder, "*.Dockerfile").Select(f => Path.GetFileName(f).Replace(".Dockerfile", string.Empty, StringComparison.Ordinal)).Order()];

    public static TheoryData<string> Images => new(Names);

    [Fact]
    public void There_is_one_per_service_the_gateway_the_portal_and_the_fhir_edge() =>
        Assert.Equal(["consent", "family-plan", "fhir-edge", "funding-route", "gateway", "mdo-scheduling", "portal", "referral"], Names);

    [Theory]
    [MemberData(nameof(Images))]
    public void It_publishes_in_an_sdk_stage_and_runs_non_root_on_the_chiseled_runtime(string image)
    {
        var lines = Instructions(File.ReadAllText(Path.Combine(Folder, $"{image}.Dockerfile")));
        var stages = Split(lines);

        Assert.True(stages.Count >= 2, "multi-stage");
        Assert.Matches(@"/dotnet/sdk:\S+ AS build$", stages[0][0]);
        var runtime = stages[^1];
        Assert.Matches(@"^FROM \S+/dotnet/aspnet:\$\{DOTNET_VERSION\}-noble-chiseled(-extra)? AS runtime$", runtime[0]);
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Contains("USER $APP_UID", runtime);
        var entry = Assert.Single(runtime, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Matches(@"^ENTRYPOINT \[""\./[A-Za-z.]+""\]$", entry);

        var publish = Assert.Single(stages[0], l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        var project = publish.Split(' ')[3];
        Assert.True(File.Exists(Path.Combine(Repository.Root, project)), $"{project} exists");
        Assert.Equal($"[\"./{Path.GetFileNameWithoutExtension(project)}\"]", entry["ENTRYPOINT ".Length..]);
        Assert.Contains("-p:PublishReadyToRun=true", publish, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_manifests_run_these_images_and_no_other_of_the_platform(string overlay)
    {
        var images = Manifests.Render(overlay)
            .Where(o => (string?)o["kind"] is "Deployment" or "Job")
            .SelectMany(o => o["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["image"]!))
            .Where(i => i.Contains("coordination/", StringComparison.Ordinal))
            .Select(i => PlatformImage().Match(i).Groups["name"].Value)
            .Distinct()
            .Order();

        Assert.Equal(Names, images);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_what_no_image_needs()
    {
        var ignored = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("tests/", ignored);
    }

    // Instructions with their continuation lines joined, comments and blank lines left out.
    private static List<string> Instructions(string text) =>
        Regex.Replace(text, @"\\\r?\n\s*", string.Empty).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static List<List<string>> Split(List<string> lines)
    {
        var stages = new List<List<string>>();
        foreach (var line in lines.SkipWhile(l => l.StartsWith("ARG ", StringComparison.Ordinal)))
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                stages.Add([]);
            }

            stages[^1].Add(line);
        }

        return stages;
    }

    [GeneratedRegex("coordination/(?<name>[a-z-]+)(:|@|$)")]
    private static partial Regex PlatformImage();
}
