using PodIdentity.CredentialProbe;

// One line per cloud; each probe lives in its own file.
IProbe[] probes =
[
];

var probe = args.Length > 0 ? probes.FirstOrDefault(p => p.Name == args[0]) : null;
if (probe is null)
{
    Console.Error.WriteLine($"usage: PodIdentity.CredentialProbe <{string.Join('|', probes.Select(p => p.Name))}> [args]");
    return 2;
}

return await probe.RunAsync(args[1..]);
