import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { countUsers } from "@/lib/users/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Tern" };

export default async function SetupPage() {
  await connection();
  if ((await countUsers()) > 0) redirect("/sign-in");
  return <SetupForm />;
}
