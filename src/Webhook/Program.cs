using PodIdentity.Webhook;
using PodIdentity.Webhook.Preview;

return args switch
{
    ["preview", .. var rest] => PreviewCommand.Run(rest, Console.Out, Console.Error),
    ["serve", .. var rest] => WebhookApp.Serve(rest, Console.Error),
    [] or [['-', ..], ..] => WebhookApp.Serve(args, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PodIdentity.Webhook [serve] [--demo] [--urls <url>] [--Section:Key value ...] | preview --pod <pod.yaml> --service-account <sa.yaml> [-o pod|patch]");
    return 2;
}
