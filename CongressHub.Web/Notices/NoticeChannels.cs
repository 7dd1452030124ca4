using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Notices;

public static class NoticeChannels
{
    /// <summary>
    /// E-mail, SMS and 企业微信, each with its settings; a channel whose settings are not given is not enabled, so with
    /// none given no notice leaves the app but in it.
    /// </summary>
    public static void AddNoticeChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<EmailOptions>(configuration);
        services.AddSettings<SmsOptions>(configuration).Configure(o => o.BindTemplates(configuration));
        services.AddSettings<WeComOptions>(configuration);
        services.AddHttpClient(SmsChannel.Client, (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SmsOptions>>().Value.TimeoutSeconds));
        services.AddHttpClient(WeComChannel.Client, (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeComOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<INoticeChannel, EmailChannel>();
        services.AddSingleton<INoticeChannel, SmsChannel>();
        services.AddSingleton<INoticeChannel, WeComChannel>();
    }
}
