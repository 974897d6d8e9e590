using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Twin.Cli");
    config.ValidateExamples();
});
return await app.RunAsync(args);
