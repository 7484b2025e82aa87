using Coordination.Testing;
using FhirEdge.Api.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirEdge.Tests;

/// <summary>
/// The whole platform (five services, the gateway, the real broker) with the FHIR edge behind the
/// gateway, reached as a partner reaches it: through the gateway, with a token of the platform.
/// </summary>
public sealed class FhirFixture : IAsyncLifetime
{
    private static readonly Lazy<ProfileValidator> SharedValidator = new(() => ProfileValidator.FromOutput(Path.Combine(Path.GetTempPath(), "coordination-fhir-r4-tests")));

    public Platform Platform { get; private set; } = null!;

    public RunningHost Edge { get; private set; } = null!;

    /// <summary>One validator for every test: each answer of the edge is checked against its profile.</summary>
    public static ProfileValidator Validator => SharedValidator.Value;

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        Infrastructure.RequireRabbitMq();
        var port = Loopback.FreePort();
        Platform = await Platform.StartAsync(Dialects.Sqlite,
            gatewaySettings: [new("ReverseProxy:Clusters:fhir-edge:Destinations:primary:Address", $"http://127.0.0.1:{port}/")]);
        Edge = await RunningHost.StartAsync(global::FhirEdge.Api.Program.Build, [
            new("urls", $"http://127.0.0.1:{port}"),
            new("FhirEdge:GatewayUrl", Platform.Gateway.Address.ToString()),
        ]);
    }

    /// <summary>A client of the gateway with <paramref name="token"/>, asking for FHIR JSON.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = Platform.Gateway.Client(token);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+json");
        return client;
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }

        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }

    /// <summary>Reads a resource of type <typeparamref name="T"/> from an answer, and asserts it passes its profile with no error.</summary>
    public static async Task<T> ValidAsync<T>(HttpResponseMessage response)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var resource = Assert.IsType<T>(FhirJsonDeserializer.DEFAULT.DeserializeResource(text));
        await AssertValidAsync(resource);
        return resource;
    }

    /// <summary>Asserts that <paramref name="resource"/> (and each resource of a bundle) passes its profile with no error.</summary>
    public static async System.Threading.Tasks.Task AssertValidAsync(Resource resource)
    {
        var all = resource is Bundle bundle ? bundle.Entry.Select(e => e.Resource).OfType<Resource>().Prepend(resource) : [resource];
        foreach (var one in all)
        {
            var outcome = await Validator.ValidateAsync(one, CancellationToken.None);
            var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
            Assert.True(errors.Count == 0, $"{one.TypeName} has {errors.Count} errors: " + string.Join("; ", errors.Select(e => $"{string.Join(",", e.Expression)} {e.Details?.Text ?? e.Diagnostics}")));
        }
    }
}
