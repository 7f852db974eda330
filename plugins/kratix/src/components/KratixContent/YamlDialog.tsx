import { CodeSnippet } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';

/** Props of {@link YamlDialog}. */
export interface YamlDialogProps {
  open: boolean;
  title: string;
  yaml: string;
  onClose: () => void;
}

/** A Kubernetes object's YAML in a dialog, with line numbers and a copy button. */
export function YamlDialog(props: YamlDialogProps) {
  const { open, title, yaml, onClose } = props;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="kratix-yaml-dialog-title"
    >
      <DialogTitle id="kratix-yaml-dialog-title">{title}</DialogTitle>
      <DialogContent dividers>
        <CodeSnippet
          text={yaml}
          language="yaml"
          showLineNumbers
          showCopyCodeButton
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
