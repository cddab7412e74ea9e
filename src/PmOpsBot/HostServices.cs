using PmOpsBot.AzureOpenAI;
using PmOpsBot.Bot;
using PmOpsBot.Storage;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot;

/// <summary>What every way of running the bot (HTTP, terminal) shares: storage and bot logic.</summary>
public static class HostServices
{
    public static IServiceCollection AddPmOpsBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once here: the storage is built from it at registration, so it is checked here too.
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.ParseProvider() == StorageProvider.Postgres)
        {
            var postgres = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(postgres))
                throw new InvalidOperationException("Storage:Provider is Postgres but ConnectionStrings:Postgres is empty; for example \"Host=db.internal;Database=pmopsbot;Username=pmopsbot;Password=…\".");
            services.AddPostgresStorage(postgres);
        }
        else
        {
            var sqlite = configuration.GetConnectionString("Sqlite") is { Length: > 0 } named ? named : storage.ConnectionString;
            if (string.IsNullOrWhiteSpace(sqlite))
                throw new InvalidOperationException("Storage:ConnectionString must not be empty; for example \"Data Source=data/pmopsbot.db\".");
            services.AddSqliteStorage(sqlite, relaxedSync: storage.ParseRelaxedSync());
        }

        // The conversation state, read and written on every turn, goes through System.Text.Json's generated code.
        services.AddSingleton(PmOpsBot.Storage.Stores.SourceGeneratedStateType.For(PmOpsBot.Bot.State.ChatStateJson.Stored.ChatStateDocument));
        services.AddSingleton(new PmOpsBot.Bot.BotIdentity { MicrosoftAppId = configuration["MicrosoftAppId"] ?? "" });
        services.AddPmOpsBotLogic();
        // Optional: with AzureOpenAI:Endpoint, :Deployment and a key (or managed identity) the bot understands free text better.
        services.AddAzureOpenAIUnderstanding(configuration);
        return services;
    }
}
