import { VerifyingSignatures } from "@/components/portal/verifying-signatures";

export default function PortalVerifyingSignaturesPage() {
  return <VerifyingSignatures />;
}
