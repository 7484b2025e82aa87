using Coordination.Portal.Session;
using Coordination.ServiceDefaults.Auth;

namespace Portal.Tests;

/// <summary>The pages' role lists are constants for the attribute; they must say what the platform's role lists say.</summary>
public sealed class PageRolesTests
{
    [Fact]
    public void The_care_pages_admit_exactly_the_care_professions_and_the_financier_pages_exactly_the_financiers()
    {
        Assert.Equal(Roles.Care.Order(), PageRoles.Care.Split(',').Order());
        Assert.Equal(Roles.Care.Append(Roles.Client).Order(), PageRoles.CareAndClients.Split(',').Order());
        Assert.Equal(new[] { Roles.Municipality, Roles.Insurer }.Order(), PageRoles.Financiers.Split(',').Order());
    }
}
