using PodIdentity.Webhook.Preview;

return args switch
{
    ["preview", .. var rest] => PreviewCommand.Run(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PodIdentity.Webhook serve [--demo] [--urls <url>] | preview --pod <pod.yaml> --service-account <sa.yaml> [-o pod|patch]");
    return 2;
}
