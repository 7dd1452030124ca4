using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Common;

/// <summary>
/// One section of the app's settings as an options class: its properties are the section's keys, with their defaults.
/// <see cref="Problem"/> says what is wrong with the values, naming the setting, or null when they make sense.
/// </summary>
public interface ISettings
{
    /// <summary>The configuration section (<c>Demo</c> for <c>Demo:Seed</c>).</summary>
    static abstract string Section { get; }

    /// <summary>What is wrong, as one sentence naming the setting and its value (see <see cref="Settings.Wrong"/>), or null.</summary>
    string? Problem();
}

/// <summary>
/// Reads and checks the settings classes. Every wrong value stops the start, and every command, with one
/// <see cref="OptionsValidationException"/> whose message names the setting as written in appsettings.json
/// (<c>Demo:Seed</c>) and as an environment variable (<c>Demo__Seed</c>), the value given and what is expected.
/// Settings needed before the services are built (the database, Redis, the key folder) are read with
/// <see cref="Read{T}(IConfiguration)"/>; the others are registered with <see cref="AddSettings{T}"/> and checked when the
/// host starts. Both bind and check the same way, so the message is the same.
/// </summary>
public static class Settings
{
    /// <summary><c>Demo:Seed (environment variable Demo__Seed)</c>.</summary>
    public static string Name(string key) => $"{key} (environment variable {key.Replace(":", "__", StringComparison.Ordinal)})";

    /// <summary>The house sentence for a wrong value: <c>Demo:Seed (environment variable Demo__Seed) is 'maybe': set it to true or false.</c></summary>
    public static string Wrong(string key, string? value, string expected) => $"{Name(key)} is '{value}': set it to {expected}.";

    /// <summary>The section bound to a new <typeparamref name="T"/> and checked; a wrong value throws naming the setting.</summary>
    public static T Read<T>(IConfiguration configuration) where T : class, ISettings, new()
    {
        var settings = new T();
        Bind(configuration.GetSection(T.Section), settings);
        if (settings.Problem() is { } problem)
        {
            throw Failure<T>(problem);
        }
        return settings;
    }

    /// <summary>Registers <c>IOptions&lt;T&gt;</c> bound to its section, checked when the host starts (<c>ValidateOnStart</c>).</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration) where T : class, ISettings, new()
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SettingsCheck<T>>());
        return services.AddOptions<T>()
            .Configure(o => Bind(configuration.GetSection(T.Section), o))
            .ValidateOnStart();
    }

    /// <summary>
    /// Sets each property from its key; an empty or missing key keeps the default. Written out rather than left to the
    /// configuration binder, whose refusal of <c>maybe</c> for a bool does not say which setting or what it expects.
    /// </summary>
    public static void Bind<T>(IConfigurationSection section, T settings) where T : class, ISettings
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetSetMethod() is not null))
        {
            var text = section[property.Name];
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var key = $"{section.Path}:{property.Name}";
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value;
            if (type == typeof(string))
            {
                value = text.Trim();
            }
            else if (type == typeof(bool))
            {
                value = bool.TryParse(text.Trim(), out var flag) ? flag : throw Failure<T>(Wrong(key, text, "true or false"));
            }
            else if (type == typeof(int))
            {
                value = int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
                    : throw Failure<T>(Wrong(key, text, "a whole number"));
            }
            else
            {
                throw new NotSupportedException($"{typeof(T).Name}.{property.Name}: a setting is a string, a bool or an int.");
            }
            property.SetValue(settings, value);
        }
    }

    /// <summary>
    /// The messages of wrong settings that <paramref name="error"/> carries (one, or several that the host's start
    /// gathered into an <see cref="AggregateException"/>); null when it is about something else.
    /// </summary>
    public static IReadOnlyList<string>? Failures(Exception error) => error switch
    {
        OptionsValidationException e => [.. e.Failures],
        AggregateException e when e.InnerExceptions.Count > 0 && e.InnerExceptions.All(i => i is OptionsValidationException) =>
            [.. e.InnerExceptions.SelectMany(i => ((OptionsValidationException)i).Failures)],
        _ => null,
    };

    /// <summary>A wrong setting as the exception the options framework throws for one.</summary>
    public static OptionsValidationException Failure<T>(string problem) => new(Options.DefaultName, typeof(T), [problem]);

    private sealed class SettingsCheck<T> : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
