using Coordination.ServiceDefaults.Http;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("$.subject.birthDate", "subject.birthDate")]
    [InlineData("$.household[0].bsn", "household[0].bsn")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void A_json_path_becomes_the_field_name_in_the_problem(string? path, string field) =>
        Assert.Equal(field, JsonBody.FieldOf(path));
}
