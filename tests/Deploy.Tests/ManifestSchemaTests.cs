using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>
/// Every object the overlays render is one a cluster accepts, as far as its schema tells without a
/// cluster: the Kubernetes 1.33 OpenAPI schemas and the operators' CRDs, vendored in k8s/schemas with
/// their versions and licences, strict (a misspelt field is an error). No network is used.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ManifestSchemaTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_rendered_object_validates_against_its_schema(string overlay)
    {
        var rendered = Manifests.Render(overlay);

        Assert.NotEmpty(rendered);
        var errors = rendered.SelectMany(o => Manifests.SchemaErrors(o).Select(e => $"{Manifests.Name(o)} {e}")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void A_misspelt_field_a_wrong_type_and_an_unknown_kind_are_refused()
    {
        var rendered = Manifests.Render("prod");
        var deployment = rendered.First(o => (string?)o["kind"] == "Deployment");
        var rabbit = rendered.First(o => (string?)o["kind"] == "RabbitmqCluster");
        var database = rendered.First(o => (string?)o["kind"] == "Cluster");

        deployment["spec"]!["replicass"] = 2;
        rabbit["spec"]!["replicas"] = "three";
        database["spec"]!["instances"] = 0;
        var unknown = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } };

        Assert.Contains(Manifests.SchemaErrors(deployment), e => e.Contains("replicass", StringComparison.Ordinal) || e.Contains("additionalProperties", StringComparison.Ordinal));
        Assert.Contains(Manifests.SchemaErrors(rabbit), e => e.Contains("/spec/replicas", StringComparison.Ordinal));
        Assert.Contains(Manifests.SchemaErrors(database), e => e.Contains("/spec/instances", StringComparison.Ordinal));
        Assert.Equal(["no schema is vendored for example.com/v1/Widget"], Manifests.SchemaErrors(unknown));
    }
}
