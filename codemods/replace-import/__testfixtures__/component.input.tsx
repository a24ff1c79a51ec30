import { Button, Card } from "./legacy/ui";
import { Icon } from "@app/ui";

export const Panel = () => (
  <Card>
    <Button icon={<Icon />}>ok</Button>
  </Card>
);
