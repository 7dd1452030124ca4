namespace CongressHub.Web.Api;

public static class ApiRoutes
{
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");
}
