import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { countUsers } from "@/lib/users/users";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  await connection();
  if ((await countUsers()) === 0) redirect("/setup");
  return <SignInForm />;
}
