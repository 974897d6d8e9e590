using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Twin.Cli");
    config.ValidateExamples();
    config.AddBranch("sim", Twin.Cli.Sim.SimBranch.Configure);
});
return await app.RunAsync(args);
