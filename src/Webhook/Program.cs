using PodIdentity.Webhook.Hosting;

return WebhookCommandLine.Run(args, Console.Out, Console.Error);
