using PodIdentity.CredentialProbe;

// One line per cloud; each probe lives in its own file.
IProbe[] probes =
[
    new AwsProbe(),
    new GcpProbe(),
    new AzureProbe(),
    new InspectProbe(),
];

var probe = args.Length > 0 ? probes.FirstOrDefault(p => p.Name == args[0]) : null;
if (probe is null)
{
    Console.Error.WriteLine($"usage: PodIdentity.CredentialProbe <{string.Join('|', probes.Select(p => p.Name))}> [args]");
    return 2;
}

try
{
    return await probe.RunAsync(args[1..]);
}
catch (Exception e)
{
    // The SDK's own words are what a user would see in their pod's log: pass them on whole.
    Console.Error.WriteLine(e.ToString());
    return 1;
}
