import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { RETURN_PARAM, safeReturnPath } from "@/lib/auth/return-path";
import { countUsers } from "@/lib/users/users";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if ((await countUsers()) === 0) redirect("/setup");
  return <SignInForm returnTo={safeReturnPath((await searchParams)[RETURN_PARAM])} />;
}
