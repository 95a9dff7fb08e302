import { VerificationSnippets } from "@/components/verifying-signatures";
import { PageTitle, Section } from "./portal-ui";

/** The portal's page on checking signatures; the console's endpoint page shows the same snippets. */
export function VerifyingSignatures() {
  return (
    <>
      <PageTitle
        title="Verifying signatures"
        description="Every webhook carries webhook-id, webhook-timestamp and webhook-signature headers (the Standard Webhooks scheme). Check them with your endpoint's signing secret before you trust a request, and refuse requests older than five minutes."
      />
      <Section title="With a Standard Webhooks library" description="Verify the raw body exactly as received: parsing and re-serialising the JSON changes it.">
        <VerificationSnippets />
      </Section>
    </>
  );
}
