using Spectre.Console.Cli;
using Twin.Cli.Mqtt;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Twin.Cli");
    config.ValidateExamples();
    config.AddBranch("sim", Twin.Cli.Sim.SimBranch.Configure);
    config.AddBranch("mqtt", mqtt =>
    {
        mqtt.SetDescription("An outside broker's access files.");
        mqtt.AddCommand<MqttPasswdCommand>("passwd").WithDescription("Writes a Mosquitto password file and ACL from the catalog and the accounts in the environment.");
    });
});
return await app.RunAsync(args);
