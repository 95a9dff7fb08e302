import { test as setup } from "@playwright/test";
import { owner, ownerSession, signIn } from "./helpers";

// After the foundation spec has created the owner: one sign-in whose cookies the console specs reuse.
setup("the owner signs in once for the specs that start in the console", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.context().storageState({ path: ownerSession });
});
