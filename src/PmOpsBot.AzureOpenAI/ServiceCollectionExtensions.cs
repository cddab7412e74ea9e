using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ILanguageUnderstanding"/> from the "AzureOpenAI" section: Azure OpenAI when an endpoint, a deployment
    /// and a key (or UseManagedIdentity) are set, otherwise <see cref="NoLanguageUnderstanding"/>. Replaces any
    /// registration made before, such as the core's TryAdd default.
    /// </summary>
    public static IServiceCollection AddAzureOpenAIUnderstanding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AzureOpenAIOptions.Section);
        services.AddOptions<AzureOpenAIOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureOpenAIOptions>, AzureOpenAIOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var configured = section.Get<AzureOpenAIOptions>()?.IsConfigured ?? false;
        services.RemoveAll<ILanguageUnderstanding>();
        if (configured)
        {
            services.AddSingleton<AzureOpenAIUnderstanding>();
            services.AddSingleton<ILanguageUnderstanding>(sp => sp.GetRequiredService<AzureOpenAIUnderstanding>());
        }
        else
        {
            services.AddSingleton<ILanguageUnderstanding, NoLanguageUnderstanding>();
        }

        return services;
    }
}
