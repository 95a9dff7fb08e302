import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "./settings-tabs";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="API keys, members and data retention for this workspace." />
      <SettingsTabs />
      <div className="mt-6 max-w-4xl space-y-6">{children}</div>
    </>
  );
}
