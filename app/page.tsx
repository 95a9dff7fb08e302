import { redirect } from "next/navigation";
import { connection } from "next/server";
import { auth } from "@/lib/auth/next-auth";
import { countUsers } from "@/lib/users/users";

export default async function Home() {
  await connection();
  if ((await countUsers()) === 0) redirect("/setup");
  redirect((await auth()) ? "/dashboard" : "/sign-in");
}
