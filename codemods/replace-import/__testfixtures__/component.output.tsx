import { Card } from "./legacy/ui";
import { Icon, Button } from "@app/ui";

export const Panel = () => (
  <Card>
    <Button icon={<Icon />}>ok</Button>
  </Card>
);
