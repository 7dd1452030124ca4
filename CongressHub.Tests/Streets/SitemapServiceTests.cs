using CongressHub.Domain.Streets;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Streets;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class SitemapServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private SitemapService Sitemaps => _db.Get<SitemapService>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task CountPages_AgreesWithEachStreetsList_SoTheIndexSplitsWhereTheStreetsSitemapDoes()
    {
        var counts = await Sitemaps.CountPagesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["shiyan", "xinghai"], counts.Select(c => c.Slug));
        foreach (var street in counts)
        {
            var paths = (await Sitemaps.StreetPathsAsync(street.Slug, TestContext.Current.CancellationToken))!;
            Assert.Equal(paths.Count, street.Pages);
            Assert.Equal(paths.Count, paths.Distinct().Count());
        }
    }

    [Fact]
    public async Task StreetPaths_OfAnUnknownStreet_IsNull()
    {
        Assert.Null(await Sitemaps.StreetPathsAsync("nowhere", TestContext.Current.CancellationToken));
    }
}
