using Microsoft.Extensions.Options;
using PmOpsBot.Bot;
using PmOpsBot.Storage;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot;

/// <summary>What every way of running the bot (HTTP, terminal) shares: storage and bot logic.</summary>
public static class HostServices
{
    public static IServiceCollection AddPmOpsBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString must not be empty.")
            .ValidateOnStart();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSqliteStorage(storage.ConnectionString);
        services.AddSingleton(new PmOpsBot.Bot.BotIdentity { MicrosoftAppId = configuration["MicrosoftAppId"] ?? "" });
        services.AddPmOpsBotLogic();
        return services;
    }

    public static IOptions<StorageOptions> StorageOptionsOf(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>();
}
