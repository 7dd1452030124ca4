using System.Net;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Resolutions;

/// <summary>A resolution's page by URL: another street's resolution and a draft read by a delegate are missing, not forbidden.</summary>
public class ResolutionRoutingTests(AppFixture app) : AppTest(app)
{
    // The demo seeds 示例街道's resolutions first: 3 is the one in its notice period, 4 the unpublished draft.
    private const string InNotice = "/resolutions/3";
    private const string Draft = "/resolutions/4";

    [Fact]
    public async Task AnotherStreetsConvener_OpeningAResolution_Gets404()
    {
        await AppFactory.PostSignInAsync(Client, "convener2", "Demo!2026");

        var response = await Client.GetAsync(InNotice);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("新华苑", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delegate_OpeningADraft_Gets404_ButReadsAPublishedResolution()
    {
        await AppFactory.PostSignInAsync(Client, "delegate01", "Demo!2026");

        var draft = await Client.GetAsync(Draft);
        var published = await Client.GetAsync(InNotice);

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.DoesNotContain("快递柜", await draft.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("新华苑", await published.Content.ReadAsStringAsync());
    }
}
