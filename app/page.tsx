import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentSessionUser } from "@/lib/auth/session";
import { countUsers } from "@/lib/users/users";

export default async function Home() {
  await connection();
  if ((await countUsers()) === 0) redirect("/setup");
  redirect((await currentSessionUser()) ? "/dashboard" : "/sign-in");
}
